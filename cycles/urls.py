from django.urls import path

from cycles import views

app_name = "cycles"

urlpatterns = [
    path("cases/<int:case_pk>/", views.cycle_list, name="list"),
    path("cases/<int:case_pk>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/filming/", views.filming, name="filming"),
    path("<int:pk>/filming/date/", views.filming_date, name="filming_date"),
    path("<int:pk>/clips/add/", views.clip_add, name="clip_add"),
    path("<int:pk>/clips/<int:clip_pk>/remove/", views.clip_remove, name="clip_remove"),
    path("<int:pk>/clips-chosen/", views.edited, name="edited"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/showings/add/", views.showing, name="showing"),
    path("<int:pk>/supervision/add/", views.supervision, name="supervision"),
]
