Kind = "service-splitter"
Name = "payments"
Splits = [
  { Weight = 33.33, ServiceSubset = "blue" },
  { Weight = 33.33, ServiceSubset = "green" },
  { Weight = 33.34, ServiceSubset = "canary" },
]
