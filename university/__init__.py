"""The senior university (老年大学) and the activity centre (老干部活动中心)."""
