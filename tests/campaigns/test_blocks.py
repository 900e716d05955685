import datetime

import pytest
from wagtail import blocks as wagtail_blocks

from campaigns.blocks import body_blocks
from campaigns.quiz import QuizBlock

from .builders import make_campaign, make_site


def test_every_block_has_template_icon_description_and_preview():
    for name, block in body_blocks():
        meta = block.meta
        assert getattr(meta, "template", None), name
        assert meta.icon and meta.icon != "placeholder", name
        assert block.get_description(), name
        assert block.get_preview_value() is not None, name


def test_call_to_action_needs_an_internal_target():
    from campaigns.blocks import CallToActionBlock

    block = CallToActionBlock()
    with pytest.raises(wagtail_blocks.StructBlockValidationError):
        block.clean(block.to_python({"title": "举报", "link_text": "去举报", "url": "https://evil.example"}))
    with pytest.raises(wagtail_blocks.StructBlockValidationError):
        block.clean(block.to_python({"title": "举报", "link_text": "去举报", "url": ""}))
    for offsite in ("//evil.example/tipoffs/", "/\\evil.example"):
        with pytest.raises(wagtail_blocks.StructBlockValidationError):
            block.clean(block.to_python({"title": "举报", "link_text": "去举报", "url": offsite}))
    assert block.clean(block.to_python({"title": "举报", "link_text": "去举报", "url": "/tipoffs/"}))


def test_faq_renders_as_details_that_work_without_javascript(client, db):
    tree = make_site()
    campaign = make_campaign(
        tree["campaigns"],
        start=datetime.date(2025, 6, 1),
        end=datetime.date(2025, 6, 30),
        body=[
            {
                "type": "faq",
                "value": {
                    "title": "常见问题",
                    "items": [{"question": "灭火器多久检查一次？", "answer": "<p>每月检查一次压力表。</p>"}],
                },
            }
        ],
    )
    html = client.get(campaign.url).content.decode()
    assert '<details class="faq-item">' in html and "<summary>灭火器多久检查一次？</summary>" in html


def test_quiz_block_embeds_the_public_bank_quiz(client, db):
    from exams.services.banks import bank_create

    bank = bank_create(code="fire-public", name="消防安全知识", is_public=True)
    private = bank_create(code="staff-only", name="内部题库", is_public=False)
    block = QuizBlock()
    with pytest.raises(wagtail_blocks.StructBlockValidationError):
        block.clean(block.to_python({"bank": private.pk, "question_count": 5}))
    tree = make_site()
    campaign = make_campaign(
        tree["campaigns"],
        start=datetime.date(2025, 11, 1),
        end=datetime.date(2025, 11, 30),
        body=[{"type": "quiz", "value": {"title": "消防知识竞答", "bank": bank.pk, "question_count": 5}}],
    )
    html = client.get(campaign.url).content.decode()
    assert "开始答题" in html and "/exams/quiz/fire-public/?n=5" in html
