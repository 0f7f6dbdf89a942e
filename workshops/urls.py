from django.urls import path

from .views import facilitator, participants

app_name = "workshops"

urlpatterns = [
    # The consultant's side, on a scan.
    path("scans/<int:pk>/workshop/", facilitator.facilitator, name="facilitator"),
    path("scans/<int:pk>/workshop/start/", facilitator.start, name="start"),
    path("scans/<int:pk>/workshop/live/", facilitator.live, name="live"),
    path("scans/<int:pk>/workshop/go/", facilitator.go, name="go"),
    path("scans/<int:pk>/workshop/reveal/", facilitator.reveal, name="reveal"),
    # The room's screen: the projector, full screen, nothing private.
    path("scans/<int:pk>/workshop/screen/", facilitator.screen, name="screen"),
    path("scans/<int:pk>/workshop/screen/slide/", facilitator.screen_slide, name="screen_slide"),
    path(
        "scans/<int:pk>/workshop/screen/controls/",
        facilitator.screen_controls,
        name="screen_controls",
    ),
    path("scans/<int:pk>/workshop/consensus/", facilitator.consensus, name="consensus"),
    path("scans/<int:pk>/workshop/overview/", facilitator.overview, name="overview"),
    path("scans/<int:pk>/workshop/close/", facilitator.close, name="close"),
    # The participants' side: no account, the code is the key.
    path("w/", participants.enter, name="enter"),
    path("w/<str:code>/", participants.join, name="join"),
    path("w/<str:code>/vote/", participants.vote_page, name="vote_page"),
    path("w/<str:code>/current/", participants.current, name="current"),
    path("w/<str:code>/votes/<str:item>/", participants.vote, name="vote"),
]
