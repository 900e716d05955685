from .content import ArticleIndexPage, ArticlePage, CaseIndexPage, CaseStudyPage
from .events import EventIndexPage, EventPage
from .pages import CampaignIndexPage, CampaignPage, HomePage
from .review import ReviewTask
from .search import SearchEntry
from .site_settings import SiteSettings
from .taxonomy import AccidentKind, Audience, CampaignKind, Sector

__all__ = [
    "AccidentKind",
    "ArticleIndexPage",
    "ArticlePage",
    "Audience",
    "CampaignIndexPage",
    "CampaignKind",
    "CampaignPage",
    "CaseIndexPage",
    "CaseStudyPage",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "ReviewTask",
    "SearchEntry",
    "Sector",
    "SiteSettings",
]
