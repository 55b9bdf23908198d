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
