from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "algoscope.register"
    label = "register"
    verbose_name = "Algorithm register"
    demo_order = 10  # the records the other apps' demos build on

    def load_demo(self, *, password: str) -> str:
        from algoscope.register.demo import load_demo

        result = load_demo(password=password)
        return f"{result['algorithms']} algorithm records" if result["algorithms"] else ""

    def ready(self) -> None:
        from algoscope.register.changes import register_change_kinds
        from algoscope.register.record_log import register_log_events

        register_log_events()
        register_change_kinds()
