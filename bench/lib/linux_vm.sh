# shellcheck shell=bash
# The Linux VM baseline's kernel and machine, sourced by
# bench/apps/apps_bench.sh and bench/http/percpu_bench.sh: Debian's
# linux-image-$TESSERA_LINUX_ABI-{amd64,arm64} (default 6.1.0-57), fetched
# once with apt-get download into ~/.cache/tessera/linux_vm, on the QEMU
# machine, CPU model and virtio NIC of Tessera's images.

# linux_vm_arch ARCH: sets $abi, $debarch, $qemu, $console, $machine,
# $nic and $modules (the virtio and virtio-net modules /init loads, under
# the kernel's drivers/); returns 2 for an unknown ARCH.
linux_vm_arch() {
	abi=${TESSERA_LINUX_ABI:-6.1.0-57}
	case "$1" in
	x86_64)
		debarch=amd64 qemu=qemu-system-x86_64 console=ttyS0
		machine=(-M pc -cpu max) nic=virtio-net-pci
		modules=(virtio/virtio_ring virtio/virtio virtio/virtio_pci_legacy_dev
			 virtio/virtio_pci_modern_dev virtio/virtio_pci)
		;;
	arm64)
		# Debian's arm64 kernel has virtio and virtio_ring built in.
		debarch=arm64 qemu=qemu-system-aarch64 console=ttyAMA0
		machine=(-M virt -cpu cortex-a57) nic=virtio-net-device
		modules=(virtio/virtio_mmio)
		;;
	*) return 2 ;;
	esac
	modules+=(../net/core/failover net/net_failover net/virtio_net)
}

# linux_vm_kernel: fetches the kernel of linux_vm_arch's $debarch if it is
# not in the cache yet; sets $kernel and $moddir.
linux_vm_kernel() {
	local cache=${XDG_CACHE_HOME:-$HOME/.cache}/tessera/linux_vm pkg
	local kdir=$cache/$abi-$debarch
	if [ ! -f "$kdir/boot/vmlinuz-$abi-$debarch" ]; then
		mkdir -p "$cache"
		pkg=linux-image-$abi-$debarch
		[ "$debarch" = amd64 ] || pkg=$pkg:$debarch
		(cd "$cache" && apt-get download -q "$pkg") >&2
		dpkg-deb -x "$cache"/linux-image-"$abi"-"$debarch"_*_"$debarch".deb "$kdir"
	fi
	kernel=$kdir/boot/vmlinuz-$abi-$debarch
	moddir=$(echo "$kdir"/lib/modules/*/kernel/drivers)
}

# linux_vm_modules LIST: writes /etc/modules' lines to the file LIST and
# sets $module_entries, cpio_pack's entries for the modules.
linux_vm_modules() {
	local m
	module_entries=()
	: > "$1"
	for m in "${modules[@]}"; do
		module_entries+=(F "$moddir/$m.ko" "/lib/modules/${m##*/}.ko" 0644)
		echo "/lib/modules/${m##*/}.ko" >> "$1"
	done
}

# linux_vm_start CPIO MEM PORT GUEST_PORT QEMU_ARGS...: boots the kernel
# with initramfs CPIO (whose /init is bench/apps/linux_init.c) and -m MEM,
# host port PORT forwarded to the guest's GUEST_PORT, in the background
# and its own process group (setsid), the console on stdout, for at most
# 900 s.
linux_vm_start() {
	local cpio=$1 mem=$2 port=$3 gport=$4
	shift 4
	setsid timeout 900 "$qemu" "$@" "${machine[@]}" -nodefaults \
		-no-user-config -display none -serial stdio -no-reboot -m "$mem" \
		-kernel "$kernel" -initrd "$cpio" \
		-append "console=$console panic=-1 quiet" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:${port}-:${gport}" \
		-device "$nic,netdev=n0" < /dev/null &
}
