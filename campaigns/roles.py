"""Model permissions of the campaigns roles. Page-tree permissions (add/edit, no publish) and the
三审 workflow are GroupPagePermission / Workflow rows made by migration 0002. Images and documents
are permitted per collection (Wagtail ignores group.permissions for them)."""

_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

ROLE_COLLECTION_PERMISSIONS = {"宣教编辑": _MEDIA, "宣教审核": _MEDIA}

ROLE_PERMISSIONS = {
    "宣教编辑": ["campaigns.view_audience", "campaigns.view_sector"],
    "宣教审核": [
        "campaigns.view_audience",
        "campaigns.add_audience",
        "campaigns.change_audience",
        "campaigns.view_sector",
        "campaigns.add_sector",
        "campaigns.change_sector",
        "campaigns.change_sitesettings",
    ],
}
