import os

DEBUG = False
GITHUB_TOKEN = "ghp_G2lGFgkU3dV7Hqwf3k3vlgfdWSxQBHTmHpP8"
STRIPE_KEY = 'sk_live_oR10zTA5JF4x2J3hLKcZsFiX'
SLACK = {"bot": "xoxb-079184485967-2999803324921-F0CnKrdLgo0mezWznCSfxnKa"}
GITLAB = "glpat-VTFc40mAEkFy1Av7eOcP"
