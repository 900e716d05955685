"""Model permissions of the campaigns roles. Page-tree permissions (add/edit, never publish) and the
三审 workflow are GroupPagePermission / Workflow rows made by migrations 0002 and 0003. Images and
documents are permitted per collection (Wagtail ignores group.permissions for them).

三审 has one group per step (宣教初审, 宣教复审, 宣教终审); 宣教审核 keeps the taxonomy and site
settings. No group holds page publish: a page goes live by its 终审 approval only.
"""

_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
REVIEW_STEP_GROUPS = ["宣教初审", "宣教复审", "宣教终审"]

_TAXONOMY_VIEW = ["campaigns.view_audience", "campaigns.view_sector"]
_TAXONOMY_MANAGE = [
    *_TAXONOMY_VIEW,
    "campaigns.add_audience",
    "campaigns.change_audience",
    "campaigns.add_sector",
    "campaigns.change_sector",
    "campaigns.change_sitesettings",
]

ROLE_COLLECTION_PERMISSIONS = {
    "宣教编辑": _MEDIA,
    "宣教审核": _MEDIA,
    **dict.fromkeys(REVIEW_STEP_GROUPS, _MEDIA),
}

ROLE_PERMISSIONS = {
    "宣教编辑": _TAXONOMY_VIEW,
    "宣教审核": _TAXONOMY_MANAGE,
    # accounts.roles grants admin access to the roles it lists; the step groups are ours.
    **{group: ["wagtailadmin.access_admin", *_TAXONOMY_VIEW] for group in REVIEW_STEP_GROUPS},
}
