#!/bin/sh
echo "dckr_pat_XQSUNiC3Q3PlCReSprMtBrFrvuL" | docker login -u ci --password-stdin
export HF=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
