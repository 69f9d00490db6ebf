"""Reading documents: bytes and formats to clean text with offsets."""
