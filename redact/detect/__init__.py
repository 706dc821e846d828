"""Detection: language routing, the Presidio-based detector and its offline set-up."""
