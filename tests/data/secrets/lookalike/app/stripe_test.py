# Stripe test-mode keys are public fixtures
STRIPE_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
STRIPE_PUB = "pk_test_TYooMQauvdEDq54NiTphI7jx"
