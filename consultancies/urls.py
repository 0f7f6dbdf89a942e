from django.urls import path

from . import views

app_name = "consultancies"
urlpatterns = [
    path("consultancy/members/", views.members, name="members"),
    path("consultancy/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("consultancy/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("consultancy/sign-on/", views.sign_on_settings, name="sign_on"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
