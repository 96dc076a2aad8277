"""A visitor's private calendar feed: its secret token and its iCalendar text."""
