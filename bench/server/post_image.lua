-- POST /image: multipart upload of a 1920x1080 JPEG, resized to 320 wide and stored.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local file = io.open(os.getenv("BENCH_IMAGE"), "rb")
local image = file:read("*a")
file:close()
local boundary = "thumbkitbench"
wrk.method = "POST"
wrk.path = "/image"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"s3Key\"\r\n\r\n" ..
  "bench/posted.jpg\r\n--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"width\"" ..
  "\r\n\r\n320\r\n--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; " ..
  "filename=\"source.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" .. image .. "\r\n--" ..
  boundary .. "--\r\n"
