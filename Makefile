# The two commands of the README:
#   make run    set up and run the daemon on the example config (starts a local mosquitto if none is running)
#   make test   set up, type-check the package (mypy) and run the whole test suite (what CI runs)
.PHONY: run test bench-nlu lint

run:
	scripts/bootstrap.sh run
	scripts/run-local.sh

test:
	scripts/bootstrap.sh test
	.venv/bin/python -m mypy homeslm
	.venv/bin/python -m pytest -q

bench-nlu:
	.venv/bin/homeslm bench nlu --dev ../shared/eval/dev.jsonl

lint:
	.venv/bin/python -m mypy homeslm
