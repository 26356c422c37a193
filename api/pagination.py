from rest_framework.pagination import PageNumberPagination

from laoshan_portal.pages import PAGE_SIZE


class PagePagination(PageNumberPagination):
    """Pages of the same size as the portal's lists; ``?page=`` as on the pages."""

    page_size = PAGE_SIZE
