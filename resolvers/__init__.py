"""The business rules, as async functions that GraphQL fields and REST routes share."""
