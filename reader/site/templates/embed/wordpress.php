<?php
/*
 * Read or Listen: the player and the read-along (reader embed --theme wordpress).
 * Put this in a small plugin (wp-content/plugins/read-or-listen.php, with a plugin header)
 * or in the theme's functions.php. It puts the player above each post's text; the slug is
 * the post's own (`reader import` keeps it). For one post only, paste the output of
 * `reader embed SLUG` into a Custom HTML block instead.
 */
add_filter( 'the_content', function ( $content ) {
	if ( ! is_singular( 'post' ) || ! in_the_loop() || ! is_main_query() ) {
		return $content;
	}
	$slug = get_post_field( 'post_name', get_the_ID() );
	$player = sprintf(
		'<div class="read-or-listen" data-read-or-listen="%1$s"><a href="%2$s">%3$s</a></div>',
		esc_attr( $slug ),
		esc_url( '{base}' . $slug . '/' ),
		esc_html( '{listen}' )
	);
	return $player . $content;
} );
add_action( 'wp_enqueue_scripts', function () {
	if ( is_singular( 'post' ) ) {
		wp_enqueue_script( 'read-or-listen', '{base}embed.js', array(), null, array( 'strategy' => 'defer' ) );
	}
} );
