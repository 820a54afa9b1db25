"""Device adapters: one interface per device class, real drivers and simulators."""
