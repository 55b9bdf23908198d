"""The plans' pages, mounted by the site shell: ``public_patterns`` under ``public``, ``editor_patterns`` under
``editor``."""

from django.urls import path

from algoscope.accounts.access import ORGANISATION, PLAN, PUBLIC, SIGNED_IN
from algoscope.plans import views_capacity, views_editor, views_pilots, views_public

public_patterns = [
    path("plans/", views_public.plan_list, name="plans"),
    path("plans/harmonisation/", views_public.harmonisation, name="plans_harmonisation"),
    path("plans/harmonisation.<str:fmt>", views_public.harmonisation_download, name="plans_harmonisation_download"),
    path("plans/compare/", views_public.plan_compare, name="plans_compare"),
    path("plans/test-bed/", views_pilots.pilot_list, name="pilots"),
    path("plans/test-bed.<str:fmt>", views_pilots.pilots_download, name="pilots_download"),
    path("plans/test-bed/<str:key>/", views_pilots.pilot_detail, name="pilot"),
    path("plans/training/", views_capacity.training, name="training"),
    path("plans/training/<str:key>/", views_capacity.course, name="course"),
    path("plans/practices/", views_capacity.practices, name="practices"),
    path("plans/practices/<str:key>/", views_capacity.practice, name="practice"),
    path("plans/capacity.<str:fmt>", views_capacity.capacity_download, name="capacity_download"),
    path("plans/<str:key>/", views_public.plan_detail, name="plan"),
    path("plans/<str:key>/plan.<str:fmt>", views_public.plan_download, name="plan_download"),
    path("plans/<str:key>/items/<str:item>/", views_public.plan_item, name="plan_item"),
]

editor_patterns = [
    path("plans/", views_editor.workspace, name="plans"),
    path("plans/import/", views_editor.plan_import, name="plan_import"),
    path("plans/updates/<int:update_id>/", views_editor.update_review, name="plan_update"),
    path("plans/test-bed/<str:key>/", views_pilots.pilot_review, name="pilot"),
    path("plans/training/figures/", views_capacity.figures, name="training_figures"),
    path("plans/training/figures/<int:figure_id>/<slug:verb>/", views_capacity.figure_review, name="training_figure"),
    path("plans/catalogue/<str:key>/", views_capacity.entry_review, name="entry"),
    path("plans/catalogue/<str:key>/<slug:action>/", views_capacity.entry_action, name="entry_action"),
    path("plans/test-bed/<str:key>/<slug:action>/", views_pilots.pilot_action, name="pilot_action"),
    path("plans/<str:key>/", views_editor.plan_review, name="plan"),
    path("plans/<str:key>/draft.yaml", views_editor.plan_draft, name="plan_draft"),
    path("plans/<str:key>/items/<str:item>/update/", views_editor.update_new, name="plan_update_new"),
    path("plans/<str:key>/<slug:action>/", views_editor.plan_action, name="plan_action"),
]

access = {
    **{f"public:{pattern.name}": PUBLIC for pattern in public_patterns},
    "editor:plans": SIGNED_IN,  # coordinators see the plans; people of responsible organisations their actions
    "editor:plan_import": PLAN,
    "editor:plan": PLAN,
    "editor:plan_draft": PLAN,
    "editor:pilot": PLAN,
    "editor:pilot_action": PLAN,
    "editor:training_figures": SIGNED_IN,  # an administration's editors record; coordinators review
    "editor:training_figure": PLAN,
    "editor:entry": PLAN,
    "editor:entry_action": PLAN,
    "editor:plan_action": PLAN,
    "editor:plan_update": PLAN,  # coordinators review, independent graders grade
    "editor:plan_update_new": ORGANISATION,  # a role in a responsible organisation of the item
}
