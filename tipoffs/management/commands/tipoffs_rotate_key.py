"""Re-encrypt every identity and payee with the first key of FIELD_ENCRYPTION_KEY.

Rotation: put the new key first (``NEW,OLD``), deploy, run this command, then drop OLD.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from tipoffs.crypto import rotate
from tipoffs.models import RewardShare, TipOff


class Command(BaseCommand):
    help = "用 FIELD_ENCRYPTION_KEY 的第一个密钥重新加密举报人身份信息"

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for tipoff in TipOff.objects.select_for_update().exclude(identity_ciphertext=b"").only("identity_ciphertext"):
            tipoff.identity_ciphertext = rotate(tipoff.identity_ciphertext)
            tipoff.save(update_fields=["identity_ciphertext"])
            count += 1
        for share in RewardShare.objects.select_for_update().only("payee_ciphertext"):
            share.payee_ciphertext = rotate(share.payee_ciphertext)
            share.save(update_fields=["payee_ciphertext"])
            count += 1
        self.stdout.write(self.style.SUCCESS(f"已重新加密 {count} 条记录。"))
