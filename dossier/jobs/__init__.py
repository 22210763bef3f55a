"""The app's lifespan jobs: the notification scheduler, the push worker loop and the
garbage-collector tuning. They read the domain and hand what to send to notify/."""
