from program.translation import forget_main_language


class MainLanguageMiddleware:
    """Each request starts with no event's main language: a worker thread serves many events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forget_main_language()
        return self.get_response(request)
