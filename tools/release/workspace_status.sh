#!/bin/sh
# Bazel's --workspace_status_command (.bazelrc): the commit of the tree as a
# stable key, for release manifests (tools/release/release.bzl). A tree with
# uncommitted changes to tracked files gets "-dirty"; outside a git checkout
# the commit is "unknown".
if commit=$(git rev-parse HEAD 2> /dev/null); then
	if [ -n "$(git status --porcelain --untracked-files=no 2> /dev/null)" ]; then
		commit=$commit-dirty
	fi
else
	commit=unknown
fi
echo "STABLE_TESSERA_COMMIT $commit"
