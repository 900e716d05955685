from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/book/", views.session_book, name="session_book"),
    path("sessions/<int:pk>/waitlist/", views.session_waitlist_join, name="waitlist_join"),
    path("mine/", views.my_bookings, name="my_bookings"),
    path("mine/notices/read/", views.notices_mark_read_view, name="notices_mark_read"),
    path("waitlist/<int:pk>/accept/", views.waitlist_accept_view, name="waitlist_accept"),
    path("waitlist/<int:pk>/leave/", views.waitlist_leave_view, name="waitlist_leave"),
    path("tickets/<str:number>/", views.ticket_detail, name="ticket"),
    path("tickets/<str:number>/ticket.pdf", views.ticket_pdf_view, name="ticket_pdf"),
    path("tickets/<str:number>/exam.ics", views.ticket_ics_view, name="ticket_ics"),
    path("tickets/<str:number>/qr.svg", views.ticket_qr, name="ticket_qr"),
    path("tickets/<str:number>/photo.jpg", views.ticket_photo, name="ticket_photo"),
    path("tickets/<str:number>/cancel/", views.booking_cancel_view, name="booking_cancel"),
    path("tickets/<str:number>/reschedule/", views.booking_reschedule_view, name="booking_reschedule"),
]
