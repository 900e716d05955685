"""What each role may do with the certificate register.

考务管理员 issue certificates (through results), record 复审, revoke and import the legacy register.
考培分离: 培训管理员 only read the register (they train the people whose certificates it lists).
"""

_READ = [
    "certificates.view_certificate",
    "certificates.view_reviewrecord",
    "certificates.view_certificaterule",
    "certificates.view_subjectcertificatemapping",
]

ROLE_PERMISSIONS = {
    "考务管理员": [
        *_READ,
        "certificates.add_certificate",
        "certificates.revoke_certificate",
        "certificates.review_certificate",
        "certificates.import_certificate",
        "certificates.add_certificaterule",
        "certificates.change_certificaterule",
        "certificates.add_subjectcertificatemapping",
        "certificates.change_subjectcertificatemapping",
        "certificates.delete_subjectcertificatemapping",
        "certificates.view_remindersent",
    ],
    "培训管理员": _READ,
}
