module claudebottle.dev/benchmarks/loadclient

go 1.19
