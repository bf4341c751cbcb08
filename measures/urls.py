from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_add, name="add"),
    path("<int:pk>/", views.measure_edit, name="edit"),
]
