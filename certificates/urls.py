from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("mine/", views.my_certificates, name="mine"),
    path("mine/<str:number>/certificate.pdf", views.certificate_pdf_view, name="pdf"),
    path("enterprise/", views.enterprise_certificates, name="enterprise"),
    path("enterprise/export.xlsx", views.enterprise_export, name="enterprise_export"),
]
