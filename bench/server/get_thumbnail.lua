-- GET /i/_/{options}/bench/source.jpg: an on-the-fly 320x240 WebP of a 1920x1080 JPEG.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.path = "/i/_/w:320,h:240,fit:cover,fmt:webp,q:80/bench/source.jpg"
