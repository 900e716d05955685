class AnonymousPageCacheMiddleware:
    """Placeholder until the campaigns page cache lands: passes every request through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
