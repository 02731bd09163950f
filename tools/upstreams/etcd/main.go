// etcd, as go.etcd.io/etcd's own binary runs it (etcdmain.Main), compiled
// from the pinned server module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
