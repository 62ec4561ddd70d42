-- wrk script of soak.sh: prints the run's 99.9th percentile and worst
-- latency (wrk's own report stops at the 99th).
done = function(summary, latency, requests)
	io.write(string.format("p99.9 %.3f ms max %.3f ms\n",
		latency:percentile(99.9) / 1000, latency.max / 1000))
end
