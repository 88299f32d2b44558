-- wrk script: POST one assessment to the public plan endpoint.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"laxity":"moderate","areas":["face","neck"],"start":"2027-01-04","open_days":["mon","tue","wed","thu","fri"]}'
