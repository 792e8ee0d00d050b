"""The measurement programme's instruments beside the ratings: mystery-shopper visits (first), imported from the
files ministries send."""
