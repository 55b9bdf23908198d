from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "algoscope.accounts"
    label = "accounts"
    verbose_name = "Accounts: organisations, roles and API tokens"
    demo_order = 0  # the organisations and people every other demo builds on

    def load_demo(self, *, password: str) -> str:
        from algoscope.accounts.demo import load_demo

        created = load_demo(password=password)
        return f"{created} organisations with their editors, reviewers and administrators" if created else ""

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import post_delete, post_save

        from algoscope.accounts.models import Organisation
        from algoscope.accounts.signals import log_failed_sign_in, log_lockout, revoke_tokens_of_deactivated_account
        from algoscope.common.public_cache import public_changed

        def organisation_changed(**kwargs: object) -> None:  # its names and contact are on public pages
            public_changed()

        post_save.connect(organisation_changed, sender=Organisation, dispatch_uid="public-organisation")
        post_delete.connect(organisation_changed, sender=Organisation, dispatch_uid="public-organisation-gone")

        post_save.connect(revoke_tokens_of_deactivated_account, sender=get_user_model(), dispatch_uid="token-account")
        user_login_failed.connect(log_failed_sign_in, dispatch_uid="audit-login-failed")
        user_locked_out.connect(log_lockout, dispatch_uid="audit-login-locked")
