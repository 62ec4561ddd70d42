/*
 * What Redis's mkreleasehdr.sh would write: the release identity that
 * INFO and `redis-server --version` print. The script takes them from git,
 * the host name and the date; an image must not depend on any of those,
 * so they are fixed (a source tarball has no git revision anyway).
 */
#define REDIS_GIT_SHA1 "00000000"
#define REDIS_GIT_DIRTY "0"
#define REDIS_BUILD_ID "tessera"
