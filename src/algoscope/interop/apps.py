from django.apps import AppConfig


class InteropConfig(AppConfig):
    """Import and export of the existing standards (NL Algoritmeregister, Eurocities ATS, UK ATRS, DCAT-AP): the
    pure readers and writers (``standards/``), the import/export service, the upload page, the API and the CLI."""

    name = "algoscope.interop"
    label = "interop"
    verbose_name = "Standards: import and export"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from algoscope.common.jobs import register_queue
        from algoscope.interop.jobs import QUEUE

        register_queue(QUEUE)
        from algoscope.interop.presentation import needs_attention
        from algoscope.interop.standards import STANDARDS, extension_label
        from algoscope.register.extensions import RecordSection, register_editor_section, register_extension_labels

        register_extension_labels(
            lambda standard, field: extension_label(standard, field) if standard in STANDARDS else None
        )
        register_editor_section(RecordSection("import_attention", "interop/_attention.html", needs_attention, 10))
