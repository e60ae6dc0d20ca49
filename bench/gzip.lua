-- gzip.lua - wrk script: ask for the gzip copy of a static file, as a
-- browser does (the server answers from the copy made at build time)
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
