import { packedFields, type Field } from '../fields.js'

/** The ext4 superblock (struct ext2_super_block of e2fsprogs' lib/ext2fs/ext2_fs.h), 1024 bytes. */
export const EXT4_SUPERBLOCK_FIELDS: Field[] = packedFields([
  ['s_inodes_count', 4], ['s_blocks_count_lo', 4], ['s_r_blocks_count_lo', 4], ['s_free_blocks_count_lo', 4],
  ['s_free_inodes_count', 4], ['s_first_data_block', 4], ['s_log_block_size', 4], ['s_log_cluster_size', 4],
  ['s_blocks_per_group', 4], ['s_clusters_per_group', 4], ['s_inodes_per_group', 4], ['s_mtime', 4], ['s_wtime', 4],
  ['s_mnt_count', 2], ['s_max_mnt_count', 2], ['s_magic', 2], ['s_state', 2], ['s_errors', 2], ['s_minor_rev_level', 2],
  ['s_lastcheck', 4], ['s_checkinterval', 4], ['s_creator_os', 4], ['s_rev_level', 4], ['s_def_resuid', 2], ['s_def_resgid', 2],
  ['s_first_ino', 4], ['s_inode_size', 2], ['s_block_group_nr', 2], ['s_feature_compat', 4], ['s_feature_incompat', 4],
  ['s_feature_ro_compat', 4], ['s_uuid', 16], ['s_volume_name', 16], ['s_last_mounted', 64], ['s_algorithm_usage_bitmap', 4],
  ['s_prealloc_blocks', 1], ['s_prealloc_dir_blocks', 1], ['s_reserved_gdt_blocks', 2], ['s_journal_uuid', 16],
  ['s_journal_inum', 4], ['s_journal_dev', 4], ['s_last_orphan', 4], ['s_hash_seed', 16], ['s_def_hash_version', 1],
  ['s_jnl_backup_type', 1], ['s_desc_size', 2], ['s_default_mount_opts', 4], ['s_first_meta_bg', 4], ['s_mkfs_time', 4],
  ['s_jnl_blocks', 68], ['s_blocks_count_hi', 4], ['s_r_blocks_count_hi', 4], ['s_free_blocks_count_hi', 4],
  ['s_min_extra_isize', 2], ['s_want_extra_isize', 2], ['s_flags', 4], ['s_raid_stride', 2], ['s_mmp_update_interval', 2],
  ['s_mmp_block', 8], ['s_raid_stripe_width', 4], ['s_log_groups_per_flex', 1], ['s_checksum_type', 1],
  ['s_encryption_level', 1], ['s_reserved_pad', 1], ['s_kbytes_written', 8], ['s_snapshot_inum', 4], ['s_snapshot_id', 4],
  ['s_snapshot_r_blocks_count', 8], ['s_snapshot_list', 4], ['s_error_count', 4], ['s_first_error_time', 4],
  ['s_first_error_ino', 4], ['s_first_error_block', 8], ['s_first_error_func', 32], ['s_first_error_line', 4],
  ['s_last_error_time', 4], ['s_last_error_ino', 4], ['s_last_error_line', 4], ['s_last_error_block', 8],
  ['s_last_error_func', 32], ['s_mount_opts', 64], ['s_usr_quota_inum', 4], ['s_grp_quota_inum', 4],
  ['s_overhead_clusters', 4], ['s_backup_bgs', 8], ['s_encrypt_algos', 4], ['s_encrypt_pw_salt', 16], ['s_lpf_ino', 4],
  ['s_prj_quota_inum', 4], ['s_checksum_seed', 4], ['s_wtime_hi', 1], ['s_mtime_hi', 1], ['s_mkfs_time_hi', 1],
  ['s_lastcheck_hi', 1], ['s_first_error_time_hi', 1], ['s_last_error_time_hi', 1], ['s_first_error_errcode', 1],
  ['s_last_error_errcode', 1], ['s_encoding', 2], ['s_encoding_flags', 2], ['s_orphan_file_inum', 4], ['s_reserved', 376],
  ['s_checksum', 4],
])

/** A block group descriptor (struct ext4_group_desc): 32 bytes, or 64 with the 64bit feature. */
export const EXT4_GROUP_DESC_FIELDS: Field[] = packedFields([
  ['bg_block_bitmap_lo', 4], ['bg_inode_bitmap_lo', 4], ['bg_inode_table_lo', 4], ['bg_free_blocks_count_lo', 2],
  ['bg_free_inodes_count_lo', 2], ['bg_used_dirs_count_lo', 2], ['bg_flags', 2], ['bg_exclude_bitmap_lo', 4],
  ['bg_block_bitmap_csum_lo', 2], ['bg_inode_bitmap_csum_lo', 2], ['bg_itable_unused_lo', 2], ['bg_checksum', 2],
  ['bg_block_bitmap_hi', 4], ['bg_inode_bitmap_hi', 4], ['bg_inode_table_hi', 4], ['bg_free_blocks_count_hi', 2],
  ['bg_free_inodes_count_hi', 2], ['bg_used_dirs_count_hi', 2], ['bg_itable_unused_hi', 2], ['bg_exclude_bitmap_hi', 4],
  ['bg_block_bitmap_csum_hi', 2], ['bg_inode_bitmap_csum_hi', 2], ['bg_reserved', 4],
])

/** An on-disk inode (struct ext2_inode_large); bytes past i_projid hold in-inode extended attributes. */
export const EXT4_INODE_FIELDS: Field[] = [
  ...packedFields([
    ['i_mode', 2], ['i_uid', 2], ['i_size_lo', 4], ['i_atime', 4], ['i_ctime', 4], ['i_mtime', 4], ['i_dtime', 4],
    ['i_gid', 2], ['i_links_count', 2], ['i_blocks_lo', 4], ['i_flags', 4], ['i_version', 4], ['i_block', 60],
    ['i_generation', 4], ['i_file_acl_lo', 4], ['i_size_high', 4], ['i_faddr', 4], ['l_i_blocks_high', 2],
    ['l_i_file_acl_high', 2], ['l_i_uid_high', 2], ['l_i_gid_high', 2], ['l_i_checksum_lo', 2], ['l_i_reserved', 2],
    ['i_extra_isize', 2], ['i_checksum_hi', 2], ['i_ctime_extra', 4], ['i_mtime_extra', 4], ['i_atime_extra', 4],
    ['i_crtime', 4], ['i_crtime_extra', 4], ['i_version_hi', 4], ['i_projid', 4],
  ]),
  { name: 'in-inode extended attributes', offset: 160, size: 4096 - 160 },
]
