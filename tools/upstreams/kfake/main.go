// A Kafka cluster for tests: franz-go's kfake, an in-memory implementation of
// the Kafka wire protocol (produce, fetch, consumer groups, admin), on
// 127.0.0.1 with ports chosen by the system. Prints one line per broker,
// "listening HOST:PORT", then serves until SIGTERM or SIGINT.
//
//	kfake [-brokers N] [-partitions N] [-topics a,b,…]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"
)

func main() {
	brokers := flag.Int("brokers", 1, "number of brokers")
	partitions := flag.Int("partitions", 3, "partitions of each seeded topic")
	topics := flag.String("topics", "", "comma-separated topics to create at start")
	flag.Parse()

	ports := make([]int, *brokers) // 0: any free port
	opts := []kfake.Opt{kfake.NumBrokers(*brokers), kfake.Ports(ports...)}
	if *topics != "" {
		opts = append(opts, kfake.SeedTopics(int32(*partitions), strings.Split(*topics, ",")...))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kfake: %v\n", err)
		os.Exit(1)
	}
	for _, addr := range cluster.ListenAddrs() {
		fmt.Printf("listening %s\n", addr)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	cluster.Close()
}
