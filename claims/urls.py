from django.urls import path

from . import views
from .claimreview import views as review_views

app_name = "claims"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/add/", views.article_add, name="article_add"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/review/",
        views.evidence_review,
        name="evidence_review",
    ),
    path("claims/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("claims/<int:pk>/verdicts/", views.verdict_add, name="verdict_add"),
    path("claims/<int:pk>/attribution/", views.claim_attribution, name="claim_attribution"),
    path("claims/<int:pk>/status/", views.claim_status, name="claim_status"),
    path("claims/<int:pk>/take/", views.claim_take, name="claim_take"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/find-reports/", views.claim_find_reports, name="claim_find_reports"),
    path("claims/<int:pk>/jobs/<int:job_pk>/", views.claim_job_status, name="claim_job_status"),
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("queue/export.csv", views.export_csv, name="export_csv"),
    # Public, no login: published reviews with their ClaimReview JSON-LD.
    path("reviews/<int:pk>/", review_views.review_page, name="review_page"),
    path("reviews/feed.json", review_views.review_feed, name="review_feed"),
]
