"""Thin Reflex states: they resolve who is acting, call the domain, and format for display."""
