"""The Excel import of the registry in the bureau's sheet layout (登记表): check, then write."""
