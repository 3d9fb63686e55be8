# Splitter for payments — owned by the payments team.
// Reviewed 2024-05-01.
/* Block comment
   spanning lines { not = "parsed" } */
Kind = "service-splitter" # trailing hash comment
Name = /* inline */ "payments"

Splits = [
  // first the stable subset
  {
    Weight = 80 /* stable gets most */,
    ServiceSubset = "blue", # comma after an item is fine
  },

  # then the canary
  {
    Weight = 20 // canary
    ServiceSubset = "green"
  }, /* trailing comment after a trailing comma */
]
# end
