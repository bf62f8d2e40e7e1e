"""The review page (`notices serve`): notices, page images with each value's box, flags with
crops, reviewers' corrections and fund-flow charts, over ``db.review`` and ``db.corrections``."""
