# Set-up and everyday commands. `make run` and `make test` are all a new machine needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12 or newer: take the first interpreter on this machine that is.
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null) python3; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p || echo $$p; } && break; \
	done)

.PHONY: messages install run test lint eval bench clean train train-retrieval train-checkworthiness eval-checkworthiness train-roles eval-roles train-cues

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (Django 6)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py run_workbench

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q
	TEST_DATABASE=postgres $(PY) -m pytest -q

# After changing user-facing text: refresh the French catalogue, translate the new
# entries in locale/fr/LC_MESSAGES/django.po, then run this again to compile it.
messages: install
	$(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var staticfiles

# Score the extractor on the development gold sets (../shared/eval-dev) with their scorer.
SHARED ?= ../shared
EVAL_SETS ?= seed asfalda_fr_sequoia polnear_en_dev
eval: install
	@mkdir -p var/eval
	@for set in $(EVAL_SETS); do \
	  $(PY) manage.py extract_claims --jsonl $(SHARED)/eval-dev/$$set.jsonl --out var/eval/$$set.pred.jsonl || exit 1; \
	  printf '%-20s ' $$set; \
	  $(PY) $(SHARED)/eval-dev/score_attribution.py $(SHARED)/eval-dev/$$set.gold.jsonl var/eval/$$set.pred.jsonl | tail -n 1; \
	done
	@for split in $(RETRIEVAL_SPLITS); do \
	  $(PY) manage.py match_claims --reports $(RETRIEVAL)/reports.jsonl --claims $(RETRIEVAL)/$$split.claims.jsonl --out var/eval/retrieval-$$split.pred.jsonl || exit 1; \
	  printf '%-20s ' retrieval-$$split; \
	  $(PY) $(SHARED)/eval-dev/score_retrieval.py $(RETRIEVAL)/$$split.gold.jsonl var/eval/retrieval-$$split.pred.jsonl; \
	done
	@echo 'Per half (A tunes, B is held out), dev sets and the held-out part of ../shared/train:'
	$(PY) -m claims.extraction.eval_halves $(SHARED)
	@$(MAKE) --no-print-directory eval-checkworthiness eval-roles

# Every shipped model, rebuilt from ../shared/train (and the retrieval training claims).
train: train-retrieval train-checkworthiness train-roles train-cues

# Reproduce the re-ranker's shipped weights from the training claims only (dev is measured).
RETRIEVAL ?= $(SHARED)/eval-dev/claim_retrieval
RETRIEVAL_SPLITS ?= dev train
train-retrieval: install
	# Sets are iterated in hash order: a fixed seed makes the weights file byte-identical.
	PYTHONHASHSEED=0 $(PY) -m claims.corroboration.train_ranker $(RETRIEVAL) --report-dev
	PYTHONHASHSEED=0 $(PY) -m claims.corroboration.train_matcher $(RETRIEVAL) --report-dev

# Reproduce the check-worthiness model's shipped weights from ../shared/train (CheckThat! 2019).
CHECKWORTHINESS ?= $(SHARED)/train/checkworthiness_en
train-checkworthiness: install
	PYTHONHASHSEED=0 $(PY) -m claims.extraction.train_checkworthiness $(CHECKWORTHINESS)

# Leave-one-file-out MAP (all files, the tuning files) and AP on the held-out files; the
# 19-fold predictions are scored again with the shared scorer. Weights are left as shipped.
eval-checkworthiness: install
	@mkdir -p var/eval
	PYTHONHASHSEED=0 $(PY) -m claims.extraction.train_checkworthiness $(CHECKWORTHINESS) --report \
	  --predictions var/eval/checkworthiness-lofo.pred.jsonl --out var/eval/checkworthiness_weights.json
	$(PY) $(SHARED)/eval-dev/score_checkworthiness.py score var/eval/checkworthiness-lofo.pred.jsonl $(CHECKWORTHINESS)/*.tsv | tail -n 1

# Reproduce the role labeller's shipped weights (claims/extraction/role_model.crfsuite) from
# ../shared/train only; eval-roles prints its given-cue figures on the held-out part of the
# training sets and on the dev sets (measured, never tuned on).
train-roles: install
	$(PY) -m claims.extraction.train_roles $(SHARED)/train --report --dev $(SHARED)/eval-dev

# Reproduce the English cue labeller's shipped weights (claims/extraction/cue_seq.crfsuite)
# from PolNeAR train only (the role model's held-out articles left out and measured).
train-cues: install
	$(PY) -m claims.extraction.train_cue_seq $(SHARED)/train --report

eval-roles: install
	$(PY) -m claims.extraction.train_roles $(SHARED)/train --eval-only --dev $(SHARED)/eval-dev

# Every benchmark runs, even after one misses its target; the target fails if any did.
BENCHES = "extraction.py --shared $(SHARED)" "extraction_memory.py --shared $(SHARED)" \
  queue_page.py reader.py extraction_save.py retrieval.py export.py \
  "role_model.py --shared $(SHARED)" claimreview.py
bench: install
	@failed=""; for b in $(BENCHES); do \
	  echo "== bench/$$b"; $(PY) bench/$$b || failed="$$failed $${b%% *}"; \
	done; test -z "$$failed" || { echo "missed their targets:$$failed"; exit 1; }
