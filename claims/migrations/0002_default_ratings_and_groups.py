from django.db import migrations

# The default verdict scale; ClaimReview reviewRating uses ratingValue on a 1..5 scale,
# with the label as alternateName in the article's language.
RATINGS = [
    # slug, English, French, value, order, description
    ("true", "True", "Vrai", 5, 10, "Accurate, nothing significant missing."),
    ("mostly-true", "Mostly true", "Plutôt vrai", 4, 20, "Accurate but needs clarification."),
    ("mixed", "Mixed", "Mitigé", 3, 30, "Partly accurate, partly not."),
    ("misleading", "Misleading", "Trompeur", 2, 40, "Contains facts but gives a false impression."),
    ("false", "False", "Faux", 1, 50, "Not accurate."),
]

VIEW = ["view_article", "view_claim", "view_claimant", "view_source", "view_rating",
        "view_verdict", "view_evidence", "view_report", "view_job", "view_feed",
        "view_claimantalias", "view_cluster"]
REVIEWER = VIEW + ["add_article", "change_claim", "add_verdict", "add_evidence",
                   "change_evidence"]
EDITOR = REVIEWER + [
    f"{action}_{model}"
    for model in ("source", "feed", "claimant", "claimantalias", "rating")
    for action in ("add", "change", "delete")
]


def load_ratings(apps):
    Rating = apps.get_model("claims", "Rating")
    for slug, en, fr, value, order, description in RATINGS:
        Rating.objects.update_or_create(
            slug=slug,
            defaults={"label_en": en, "label_fr": fr, "rating_value": value, "best_rating": 5,
                      "worst_rating": 1, "order": order, "description": description},
        )


def create_all_permissions(apps):
    """Permissions are normally created after migrations run; groups need them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def make_groups(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("reviewer", REVIEWER), ("editor", EDITOR), ("admin", None)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="claims")
        if codenames is not None:
            perms = perms.filter(codename__in=codenames)
        group.permissions.add(*perms)


def forwards(apps, schema_editor):
    load_ratings(apps)
    create_all_permissions(apps)
    make_groups(apps)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["reviewer", "editor", "admin"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
