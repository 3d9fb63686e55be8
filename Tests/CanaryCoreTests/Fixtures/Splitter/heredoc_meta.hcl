Kind = "service-splitter"
Name = "payments"
Meta {
  notes = <<EOF
Canary for the new card processor.
Roll back if p99 > 300ms.
EOF
  runbook = <<-RUNBOOK
    1. watch canarytop
    2. promote or roll back
    RUNBOOK
  ticket = "PAY-1234"
}
Splits = [
  {
    Weight        = 95
    ServiceSubset = "blue"
  },
  {
    Weight        = 5
    ServiceSubset = "green"
  }
]
