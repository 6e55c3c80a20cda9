from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registrations import services
from registrations.enums import Diet
from registrations.models import AccessKey, Booking, DietaryRequirement, Registration


class DietFilter(admin.SimpleListFilter):
    title = _("dietary requirement")
    parameter_name = "diet"

    def lookups(self, request, model_admin):
        return Diet.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(diets__diet=self.value())
        return queryset


class BookingInline(admin.TabularInline):
    model = Booking
    fields = ["session", "status", "queued_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["session__starts_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "organisation",
        "country",
        "status",
        "event",
        "created_at",
    ]
    list_display_links = ["last_name", "first_name"]
    list_filter = [
        "event",
        "status",
        "country",
        "organisation_type",
        DietFilter,
        "needs_invitation_letter",
        "travel_mode",
    ]
    list_select_related = ["event"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event",
        "status",
        "privacy_consent_at",
        "photo_consent_at",
        "created_at",
        "updated_at",
        "cancelled_at",
    ]
    inlines = [BookingInline]

    def get_deleted_objects(self, objs, request):
        # Bookings, diets and keys belong to their registration: deleting it may take them along.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        owned = {str(m._meta.verbose_name) for m in (Booking, DietaryRequirement, AccessKey)}
        return deleted, counts, perms_needed - owned, protected

    def delete_model(self, request, obj):
        services.cancel_registration(registration=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            self.delete_model(request, registration)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "status", "queued_at"]
    list_filter = ["status", "session__event", "session"]
    list_select_related = ["registration", "session"]
    search_fields = [
        "registration__first_name",
        "registration__last_name",
        "registration__email",
        "session__title",
    ]
    readonly_fields = ["registration", "session", "status", "queued_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
