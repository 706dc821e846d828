"""Reading inputs in bounded-memory batches and writing outputs atomically."""
